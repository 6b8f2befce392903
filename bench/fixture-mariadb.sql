-- The MariaDB twin of bench/fixture.sql: the same columns and the same deterministic values for a
-- given row count, filled server-side from the SEQUENCE engine. Usage (MariaDB 10.1 or later):
--   mariadb -h127.0.0.1 -uroot -e "SET @rows = 10000000; SOURCE bench/fixture-mariadb.sql"
-- Rebuilds the table from scratch; bench/run.sh --source mariadb calls it only when the row count
-- differs.
CREATE DATABASE IF NOT EXISTS rivet_bench;
USE rivet_bench; -- the SEQUENCE engine's tables are virtual tables of the current database
DROP TABLE IF EXISTS rivet_bench.lineitem;

-- Rows go in in primary-key order, so the clustered index is appended to, not split.
CREATE TABLE rivet_bench.lineitem (
  l_id            bigint        NOT NULL PRIMARY KEY,
  l_orderkey      bigint        NOT NULL,
  l_linenumber    int           NOT NULL,
  l_partkey       bigint        NOT NULL,
  l_suppkey       int           NOT NULL,
  l_quantity      decimal(15,2) NOT NULL,
  l_extendedprice decimal(15,2) NOT NULL,
  l_discount      decimal(15,2) NOT NULL,
  l_tax           decimal(15,2) NOT NULL,
  l_returnflag    char(1)       NOT NULL,
  l_linestatus    char(1)       NOT NULL,
  l_shipdate      date          NOT NULL,
  l_commitdate    date          NOT NULL,
  l_receiptdate   date          NOT NULL,
  l_shipinstruct  varchar(25)   NOT NULL,
  l_shipmode      varchar(10)   NOT NULL,
  l_comment       varchar(64)   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

DELIMITER //
-- One INSERT per million rows keeps each transaction's undo log small. The sequence table's name
-- carries its bounds, hence the prepared statement.
BEGIN NOT ATOMIC
  DECLARE lo BIGINT DEFAULT 1;
  DECLARE hi BIGINT;
  IF @rows IS NULL OR @rows < 1 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'set @rows to a positive row count first';
  END IF;
  WHILE lo <= @rows DO
    SET hi = LEAST(lo + 999999, @rows);
    -- Values are computed on a signed copy of seq (t - 30 below must be allowed to go negative);
    -- a DIV b and a % b equal PostgreSQL's integer / and % for the non-negative operands used.
    SET @fill = CONCAT(
      'INSERT INTO rivet_bench.lineitem
       SELECT g,
              (g - 1) DIV 4 + 1,
              (g - 1) % 4 + 1,
              1 + (g * 7919) % 200000,
              1 + (g * 104729) % 10000,
              1 + (g * 31) % 50,
              ROUND(900 + ((g * 2654435761) % 10000000) / 100.0, 2),
              ((g * 17) % 11) / 100.0,
              ((g * 13) % 9) / 100.0,
              ELT(1 + g % 3, ''A'', ''N'', ''R''),
              IF((g DIV 3) % 2 = 0, ''F'', ''O''),
              ship,
              ship + INTERVAL ((g * 7) % 61 - 30) DAY,
              ship + INTERVAL (1 + g % 30) DAY,
              ELT(1 + (g * 3) % 4, ''DELIVER IN PERSON'', ''COLLECT COD'', ''NONE'', ''TAKE BACK RETURN''),
              ELT(1 + (g * 5) % 7, ''REG AIR'', ''AIR'', ''RAIL'', ''SHIP'', ''TRUCK'', ''MAIL'', ''FOB''),
              CONCAT_WS('' '',
                ELT(1 + (g * 3) % 8, ''carefully'', ''final'', ''ironic'', ''regular'', ''express'',
                    ''pending'', ''bold'', ''quick''),
                ELT(1 + (g * 7) % 6, ''deposits'', ''requests'', ''accounts'', ''packages'', ''foxes'',
                    ''theodolites''),
                ELT(1 + (g * 11) % 7, ''sleep'', ''nag'', ''haggle'', ''wake'', ''cajole'', ''integrate'',
                    ''boost''),
                LEFT(MD5(g), 8 + g % 13))
       FROM (SELECT CAST(seq AS SIGNED) AS g,
                    DATE ''1992-01-02'' + INTERVAL ((seq * 48271) % 2526) DAY AS ship
             FROM seq_', lo, '_to_', hi, ') AS s');
    PREPARE fill FROM @fill;
    EXECUTE fill;
    DEALLOCATE PREPARE fill;
    SET lo = hi + 1;
  END WHILE;
END //
DELIMITER ;

ANALYZE TABLE rivet_bench.lineitem;
