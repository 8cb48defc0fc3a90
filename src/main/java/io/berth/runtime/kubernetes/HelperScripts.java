package io.berth.runtime.kubernetes;

import io.berth.runtime.storage.VolumeStorage;

/**
 * The scripts ClaimStorage runs in helper pods ({@code sh -c SCRIPT sh ARGS...}), for busybox's
 * shell and applets. Each starts in the first claim ({@code /mnt/berth/0}); paths come as
 * arguments, never inside the script. Exit codes other than 0 and 1 say what was refused.
 *
 * <p>A shell cannot walk without following links, so a pod racing a script could still lead one
 * elsewhere; but only within the helper, which holds nothing: a read-only root filesystem, no
 * service account token, no other claim (copies read a claim mounted read-only). Uploads go to a
 * random hidden name beside their target, made with noclobber and renamed into place: no fixed
 * staging directory a pod could make a link of. What they make takes the owner and group of the
 * claim's root, with modes its user and group may write (0664 files, 2775 directories).
 */
final class HelperScripts {
  static final int MISSING = 3;
  static final int OUTSIDE = 4;
  static final int SHORT = 5;
  static final int DIRECTORY = 6;
  static final int NOT_DIRECTORY = 7;
  static final int EXISTS = 8;
  static final int INTO_ITSELF = 9;

  /** The prefix of an upload on its way in; listings leave such files out. */
  static final String INCOMING = ".berth-upload-";

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

  /** find exits 1 when entries vanish or are too deep to name: list what it could. */
  private static final String FILES =
      "{ find . -type f ! -name '"
          + INCOMING
          + "*' -exec stat -c '%s %Y %A %n' {} + 2>/dev/null"
          + " || [ $? -eq 1 ]; }";

  /**
   * Walks the directories of the path in {@code $1} one by one, making missing ones owned like the
   * root, refusing links and files on the way; leaves the last directory in {@code $d} and the last
   * name in {@code $rest}.
   */
  private static final String WALK =
      """
      owner=$(stat -c %u:%g .)
      d=.; rest="$1"
      while :; do
        case "$rest" in */*) part=${rest%%/*}; rest=${rest#*/} ;; *) break ;; esac
        [ ! -L "$d/$part" ] || exit 4
        if [ ! -e "$d/$part" ]; then
          if mkdir "$d/$part" 2>/dev/null; then
            chown "$owner" "$d/$part"; chmod 2775 "$d/$part"
          fi
        fi
        [ -d "$d/$part" ] && [ ! -L "$d/$part" ] || exit 7
        d="$d/$part"
      done
      inside "$d"
      """;

  /** $1 path, $2 bytes, $3 a random name. */
  static final String STORE =
      PRELUDE
          + WALK
          + """
          [ ! -d "$d/$rest" ] || exit 6
          t="$d/%1$s$3"
          trap 'rm -f "$t"' EXIT
          set -C
          head -c "$2" > "$t"
          set +C
          [ "$(stat -c %%s "$t")" = "$2" ] || exit 5
          chown "$owner" "$t"; chmod 664 "$t"
          mv -f "$t" "$d/$rest"
          """
              .formatted(INCOMING);

  static final String SIZE_OF =
      PRELUDE
          + """
          p="./$1"
          [ -f "$p" ] && [ ! -L "$p" ] || exit 3
          inside "$p"
          stat -c %s "$p"
          """;

  /** $1 the folder ("" for the root): its files and directories, as {@link #LIST} shows them. */
  static final String LIST_FOLDER =
      PRELUDE
          + """
          d=.; [ -z "$1" ] || d="./$1"
          [ ! -L "$d" ] || exit 4
          [ -e "$d" ] || exit 3
          [ -d "$d" ] || exit 7
          inside "$d"
          cd "$d"
          find . -mindepth 1 -maxdepth 1 \\( -type f -o -type d \\) ! -name '%s*' \
            -exec stat -c '%%s %%Y %%A %%n' {} + 2>/dev/null | head -n %d || true
          """
              .formatted(INCOMING, VolumeStorage.FOLDER_ENTRIES);

  /** $1 path: the file, or the directory with all it holds; a link itself, never its target. */
  static final String REMOVE =
      PRELUDE
          + """
          p="./$1"
          [ -e "$p" ] || [ -L "$p" ] || exit 3
          inside "$(dirname "$p")"
          rm -rf -- "$p"
          """;

  /** $1 path: a new directory owned like the root, with the missing ones above it. */
  static final String MAKE_DIRECTORY =
      PRELUDE
          + WALK
          + """
          [ ! -e "$d/$rest" ] && [ ! -L "$d/$rest" ] || exit 8
          mkdir "$d/$rest"
          chown "$owner" "$d/$rest"; chmod 2775 "$d/$rest"
          """;

  /** $1 from, $2 to: never replacing what is at $2, never into itself. */
  static final String MOVE =
      PRELUDE
          + """
          case "$2/" in "$1"/?*) exit 9 ;; esac
          s="./$1"
          [ -e "$s" ] || [ -L "$s" ] || exit 3
          inside "$(dirname "$s")"
          shift
          """
          + WALK
          + """
          [ ! -e "$d/$rest" ] && [ ! -L "$d/$rest" ] || exit 8
          mv -n -- "$s" "$d/$rest"
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
          find "$d" -name '%2$s*' -type f -exec rm -f {} +
          """
              .formatted(HelperManifests.mountPath(1), INCOMING);

  private HelperScripts() {}
}
