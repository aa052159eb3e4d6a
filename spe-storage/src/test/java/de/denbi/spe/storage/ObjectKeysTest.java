package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.storage.internal.Glob;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {
  final Path root = Path.of("/data/target");

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "\\evil", "C:/Windows/x", "c:x",
      "a/D:/x", "a\u0000b", "a/\u0007b", "..", "a\\..\\b", "."})
  void unsafeKeysAreRefused(String key) {
    assertThatThrownBy(() -> ObjectKeys.resolveUnder(root, key))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("key"));
  }

  @Test
  void safeKeysStayInside() {
    assertThat(ObjectKeys.resolveUnder(root, "a/b/c.txt")).isEqualTo(root.resolve("a/b/c.txt"));
    assertThat(ObjectKeys.resolveUnder(root, "a/./b")).isEqualTo(root.resolve("a/b"));
    assertThat(ObjectKeys.resolveUnder(root, "..a/b..")).isEqualTo(root.resolve("..a/b.."));
  }

  @Test
  void keysForUploads() {
    assertThat(ObjectKeys.keyFor("p/", root, root.resolve("x/y.txt"))).isEqualTo("p/x/y.txt");
    assertThatThrownBy(() -> ObjectKeys.check("")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ObjectKeys.check("a\nb")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ObjectKeys.check("x".repeat(1025)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void globs() {
    Glob vcf = Glob.compile("includes", "*.vcf");
    assertThat(vcf.matches("a.vcf")).isTrue();
    assertThat(vcf.matches("deep/er/a.vcf")).isTrue();
    assertThat(vcf.matches("a.vcf.gz")).isFalse();
    Glob raw = Glob.compile("excludes", "raw/**");
    assertThat(raw.matches("raw/a/b")).isTrue();
    assertThat(raw.matches("x/raw/a")).isFalse();
    Glob anchored = Glob.compile("includes", "/top.txt");
    assertThat(anchored.matches("top.txt")).isTrue();
    assertThat(anchored.matches("d/top.txt")).isFalse();
    Glob dir = Glob.compile("excludes", ".git/");
    assertThat(dir.matches(".git/config")).isTrue(); // a directory pattern: all below it
    assertThat(dir.matches("a/.git/config")).isFalse(); // has '/': anchored at the root
    assertThat(Glob.compile("excludes", "**/.git/**").matches("a/.git/config")).isTrue();
    assertThat(Glob.compile("includes", "s?mple[0-9].txt").matches("sample7.txt")).isTrue();
    assertThat(Glob.accept("a.tmp", List.of(), List.of(Glob.compile("e", "*.tmp")))).isFalse();
    assertThat(Glob.accept("a.txt", List.of(), List.of(Glob.compile("e", "*.tmp")))).isTrue();
    assertThatThrownBy(() -> Glob.compile("includes", "[abc"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("includes");
  }
}
