package io.berth.runtime.kubernetes;

import io.berth.volumes.Paths;

/**
 * The scripts ClaimStorage runs in helper pods ({@code sh -c SCRIPT sh ARGS...}), for busybox's
 * shell and applets. Each starts in the first claim ({@code /mnt/berth/0}); paths come as
 * arguments, never inside the script. Exit codes other than 0 and 1 say what was refused.
 */
final class HelperScripts {
  static final int MISSING = 3;
  static final int OUTSIDE = 4;
  static final int SHORT = 5;
  static final int DIRECTORY = 6;

  /** Every script starts in the first claim; {@code inside} refuses links out of it. */
  private static final String PRELUDE =
      """
      set -e
      cd %s
      ROOT=$(pwd -P)
      inside() { r=$(realpath "$1" 2>/dev/null || echo "$ROOT"); \
      case "$r" in "$ROOT"|"$ROOT"/*) ;; *) exit 4 ;; esac; }
      """
          .formatted(HelperManifests.mountPath(0));

  private static final String FILES =
      "find . -path ./" + Paths.STAGING + " -prune -o -type f -exec stat -c '%s %Y %A %n' {} +";

  /** $1 path, $2 bytes, $3 staging name: written aside, then renamed over the path. */
  static final String STORE =
      PRELUDE
          + """
          p="./$1"; d=$(dirname "$p"); t="./%1$s/$3"
          mkdir -p "%1$s" "$d"
          inside "$d"
          [ ! -d "$p" ] || exit 6
          trap 'rm -f "$t"' EXIT
          head -c "$2" > "$t"
          [ "$(stat -c %%s "$t")" = "$2" ] || exit 5
          mv -f "$t" "$p"
          """
              .formatted(Paths.STAGING);

  static final String SIZE_OF =
      PRELUDE
          + """
          p="./$1"
          [ -f "$p" ] && [ ! -L "$p" ] || exit 3
          inside "$p"
          stat -c %s "$p"
          """;

  static final String CAT = "cd " + HelperManifests.mountPath(0) + " && exec cat \"./$1\"";

  static final String LIST = PRELUDE + FILES + "\n";

  static final String USAGE =
      PRELUDE + FILES.replace("'%s %Y %A %n'", "%s") + " | awk '{ s += $1 } END { print s + 0 }'\n";

  /** $1 source path ("" for all) in claim 0, $2 destination path ("" for its root) in claim 1. */
  static final String COPY =
      PRELUDE
          + """
          s=.; [ -z "$1" ] || s="./$1"
          [ -e "$s" ] || exit 3
          inside "$s"
          d=%1$s; [ -z "$2" ] || d="%1$s/$2"
          mkdir -p "$d"
          if [ -d "$s" ]; then cp -a "$s/." "$d/"; else cp -a "$s" "$d/"; fi
          rm -rf "$d/%2$s"
          """
              .formatted(HelperManifests.mountPath(1), Paths.STAGING);

  private HelperScripts() {}
}
