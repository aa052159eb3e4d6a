package de.denbi.spe.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
  static final int KIB = 1024;

  @Test
  void sizesArePowersOfTwoFrom64KibAndFitTheRequest() {
    BufferPool pool = new BufferPool(0);
    assertThat(pool.take(0)).hasSize(64 * KIB);
    assertThat(pool.take(1)).hasSize(64 * KIB);
    assertThat(pool.take(64 * KIB)).hasSize(64 * KIB);
    assertThat(pool.take(64 * KIB + 1)).hasSize(128 * KIB);
    assertThat(pool.take(1024 * KIB)).hasSize(1024 * KIB);
    assertThat(pool.take(BufferPool.MAX_POOLED)).hasSize(BufferPool.MAX_POOLED);
    // beyond the largest class: exactly what was asked for
    assertThat(pool.take(BufferPool.MAX_POOLED + 1)).hasSize(BufferPool.MAX_POOLED + 1);
    assertThatThrownBy(() -> pool.take(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGivenBackArrayIsReusedForTheSameClassOnly() {
    BufferPool pool = new BufferPool(8L * 1024 * KIB);
    byte[] mib = pool.take(1000 * KIB);
    pool.give(mib);
    assertThat(pool.pooledBytes()).isEqualTo(1024 * KIB);
    assertThat(pool.take(100 * KIB)).isNotSameAs(mib).hasSize(128 * KIB);
    assertThat(pool.take(1024 * KIB)).isSameAs(mib);
    assertThat(pool.pooledBytes()).isZero();
    assertThat(pool.take(1024 * KIB)).isNotSameAs(mib);
  }

  @Test
  void keepsNoMoreThanItsLimitAndNothingOfForeignSizes() {
    BufferPool pool = new BufferPool(2 * 1024 * KIB);
    pool.give(new byte[1024 * KIB]);
    pool.give(new byte[1024 * KIB]);
    pool.give(new byte[1024 * KIB]); // over the limit: dropped
    assertThat(pool.pooledBytes()).isEqualTo(2 * 1024 * KIB);
    pool.give(new byte[100 * KIB]); // not a class size
    pool.give(new byte[32 * KIB]); // below the smallest class
    pool.give(new byte[2 * BufferPool.MAX_POOLED]); // above the largest
    pool.give(null);
    assertThat(pool.pooledBytes()).isEqualTo(2 * 1024 * KIB);
    BufferPool none = new BufferPool(0);
    none.give(new byte[64 * KIB]);
    assertThat(none.pooledBytes()).isZero();
  }
}
