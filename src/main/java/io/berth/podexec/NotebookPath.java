package io.berth.podexec;

import io.berth.web.ApiException;

/**
 * The {@code path} of a file uploaded to a notebook pod: relative to the notebook's root directory,
 * as Jupyter's own contents API takes it (a leading {@code /} is read as that root), and otherwise
 * held to the rules of {@link DestinationPath} once joined to the root.
 */
final class NotebookPath {
  static final String FIELD = "path";

  private NotebookPath() {}

  static UploadForm.PathField field(String root) {
    return new UploadForm.PathField(FIELD, path -> check(root, path));
  }

  static String check(String root, String path) {
    if (path == null || path.isBlank()) {
      throw ApiException.badRequest(
          "Field "
              + FIELD
              + " is required: the file's path in the notebook, relative to "
              + root
              + ".");
    }
    return DestinationPath.check(FIELD, root + "/" + path.replaceFirst("^/+", ""));
  }
}
