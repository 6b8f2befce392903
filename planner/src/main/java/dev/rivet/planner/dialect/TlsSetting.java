package dev.rivet.planner.dialect;

import dev.rivet.kernel.source.TlsMode;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS mode a source URL gives its driver, read as that driver reads it.
 *
 * @param mode empty when the URL names a mode the driver does not know (it then refuses to connect)
 * @param source where the mode came from: the URL's parameter as written ({@code
 *     sslMode=VERIFY_IDENTITY}), the driver's default ({@code sslmode=prefer (pgjdbc default)}), or
 *     for an unknown mode the parameter and its value ({@code sslmode='sometimes'})
 * @param parameters how the driver's URL names its TLS settings
 */
public record TlsSetting(Optional<TlsMode> mode, String source, TlsParameters parameters) {
  public TlsSetting {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(parameters, "parameters");
  }
}
