# Homebrew formula for Rivet (docs/install.md#homebrew). The release workflow
# (.github/workflows/release.yml) renders it for each version tag with
# packaging/homebrew/render-formula.sh, which fills in the repository, version and the archive's
# sha256, and attaches the result to the GitHub release; copy it into a tap to publish it.
class Rivet < Formula
  desc "Export PostgreSQL and MariaDB tables to Parquet or CSV, safely"
  homepage "https://github.com/@REPOSITORY@"
  url "https://github.com/@REPOSITORY@/releases/download/v@VERSION@/rivet-@VERSION@.tar.gz"
  sha256 "@SHA256@"
  license "Apache-2.0"

  depends_on "openjdk@17"

  def install
    # bin/ lib/ completions/ docs/ examples/ and the licence files, as the archive has them.
    libexec.install Dir["*"]
    # bin/rivet runs lib/rivet.jar with JAVA_HOME's java; point it at Homebrew's openjdk@17
    # unless the user set JAVA_HOME.
    (bin/"rivet").write_env_script libexec/"bin/rivet",
                                   Language::Java.overridable_java_home_env("17")
    # The completion scripts `rivet completion bash|zsh|fish` printed when the archive was built.
    bash_completion.install libexec/"completions/rivet.bash" => "rivet"
    fish_completion.install libexec/"completions/rivet.fish"
    # The zsh script is picocli's bash script run through bashcompinit, so it is sourced rather
    # than autoloaded from fpath (see caveats).
    pkgshare.install libexec/"completions/rivet.zsh"
  end

  def caveats
    <<~EOS
      zsh completion: add this line to ~/.zshrc
        source #{opt_pkgshare}/rivet.zsh
    EOS
  end

  test do
    assert_equal "rivet #{version}", shell_output("#{bin}/rivet --version").strip
  end
end
