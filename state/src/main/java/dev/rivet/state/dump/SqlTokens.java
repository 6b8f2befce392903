package dev.rivet.state.dump;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;

/**
 * Splits the SQL of a dump into tokens: words, {@code '…'} strings ({@code ''} inside stands for
 * one quote, and line breaks are kept), whole numbers, and the punctuation {@code ( ) , ;}.
 * Whitespace and {@code --} comments are skipped.
 */
final class SqlTokens {
  enum Kind {
    WORD,
    STRING,
    NUMBER,
    PUNCTUATION,
    END
  }

  /**
   * @param line the line the token starts on
   */
  record Token(Kind kind, String text, int line) {
    boolean is(String word) {
      return (kind == Kind.WORD || kind == Kind.PUNCTUATION) && text.equalsIgnoreCase(word);
    }

    /** The token as the user wrote it, for messages. */
    String shown() {
      return switch (kind) {
        case END -> "the end of the file";
        case STRING -> "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
        default -> text;
      };
    }
  }

  private final PushbackReader in;
  private final String name;
  private int line;

  /**
   * @param name what is read, for messages
   * @param firstLine the number of the line {@code in} starts on
   */
  SqlTokens(Reader in, String name, int firstLine) {
    this.in = new PushbackReader(in, 2);
    this.name = name;
    this.line = firstLine;
  }

  Token next() throws IOException {
    int c = skipBlanks();
    int start = line;
    if (c < 0) {
      return new Token(Kind.END, "", start);
    }
    if (c == '\'') {
      return new Token(Kind.STRING, string(start), start);
    }
    if (c == '-' || Character.isDigit(c)) {
      StringBuilder number = new StringBuilder().append((char) c);
      for (int d = in.read(); d >= 0; d = in.read()) {
        if (!Character.isDigit(d)) {
          in.unread(d);
          break;
        }
        number.append((char) d);
      }
      return new Token(Kind.NUMBER, number.toString(), start);
    }
    if (Character.isLetter(c) || c == '_') {
      StringBuilder word = new StringBuilder().append((char) c);
      for (int d = in.read(); d >= 0; d = in.read()) {
        if (!Character.isLetterOrDigit(d) && d != '_') {
          in.unread(d);
          break;
        }
        word.append((char) d);
      }
      return new Token(Kind.WORD, word.toString(), start);
    }
    return new Token(Kind.PUNCTUATION, String.valueOf((char) c), start);
  }

  /** The first character after whitespace and comments, or -1 at the end. */
  private int skipBlanks() throws IOException {
    while (true) {
      int c = in.read();
      if (c == '\n') {
        line++;
      } else if (c == '-') {
        int d = in.read();
        if (d != '-') {
          if (d >= 0) {
            in.unread(d);
          }
          return c;
        }
        for (int e = in.read(); e >= 0 && e != '\n'; e = in.read()) {
          // the comment runs to the end of the line
        }
        line++;
      } else if (c < 0 || !Character.isWhitespace(c)) {
        return c;
      }
    }
  }

  private String string(int start) throws IOException {
    StringBuilder text = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw DumpErrors.invalid(
            name + ", line " + start,
            "a string that starts here is never closed (a cut-off file?)");
      }
      if (c == '\'') {
        int d = in.read();
        if (d != '\'') {
          if (d >= 0) {
            in.unread(d);
          }
          return text.toString();
        }
      } else if (c == '\n') {
        line++;
      }
      text.append((char) c);
    }
  }
}
