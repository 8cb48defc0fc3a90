package io.berth.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotebookPathTest {

  @Test
  void aPathIsRelativeToTheNotebooksRoot() {
    assertThat(NotebookPath.check("/home/jovyan", "work/a.ipynb"))
        .isEqualTo("/home/jovyan/work/a.ipynb");
    assertThat(NotebookPath.check("/home/jovyan", "/a.ipynb")).isEqualTo("/home/jovyan/a.ipynb");
  }

  @Test
  void badPathsAreRefusedNamingTheField() {
    for (String bad : new String[] {"../etc/passwd", "work/", "a//b", "a/./b"}) {
      assertThatThrownBy(() -> NotebookPath.check("/home/jovyan", bad))
          .as(bad)
          .hasMessageStartingWith("Field path ");
    }
    assertThatThrownBy(() -> NotebookPath.check("/home/jovyan", " "))
        .hasMessage(
            "Field path is required: the file's path in the notebook, relative to"
                + " /home/jovyan.");
  }
}
