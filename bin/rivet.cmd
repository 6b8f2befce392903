@echo off
rem Runs the Rivet command line on Windows: from an unpacked release archive (<home>\lib\rivet.jar)
rem or from the repository (launcher\target\rivet.jar, built by mvnw.cmd -B -DskipTests package).
rem   RIVET_JAR        jar to run
rem   RIVET_JAVA_OPTS  JVM options (e.g. -Xmx256m)
rem   JAVA_HOME        JDK/JRE 17+ to use (default: java on PATH); a bundled runtime\ wins
setlocal
set "RIVET_HOME=%~dp0.."
if defined RIVET_JAR (
  set "JAR=%RIVET_JAR%"
) else if exist "%RIVET_HOME%\lib\rivet.jar" (
  set "JAR=%RIVET_HOME%\lib\rivet.jar"
) else (
  set "JAR=%RIVET_HOME%\launcher\target\rivet.jar"
)
if not exist "%JAR%" (
  echo rivet: %JAR% not found; build it first: cd %RIVET_HOME% ^&^& mvnw.cmd -B -DskipTests package 1>&2
  exit /b 1
)
if exist "%RIVET_HOME%\runtime\bin\java.exe" (
  set "JAVA=%RIVET_HOME%\runtime\bin\java.exe"
) else if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java"
)
"%JAVA%" %RIVET_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
