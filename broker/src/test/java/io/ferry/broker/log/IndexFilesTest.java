package io.ferry.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFilesTest {

    @TempDir
    Path dir;

    @Test
    void offsetIndexFindsTheLargestEntryAtOrBelowAnOffsetOrPosition() throws Exception {
        File f = dir.resolve("00000000000000000100.index").toFile();
        try (OffsetIndex index = new OffsetIndex(f, 100, 1024)) {
            for (int i = 1; i <= 20; i++) {
                index.append(100 + 10L * i, 1000 * i);
            }
            assertThat(index.lookup(99)).isEqualTo(new OffsetIndex.Entry(100, 0));
            assertThat(index.lookup(109)).isEqualTo(new OffsetIndex.Entry(100, 0));
            assertThat(index.lookup(110)).isEqualTo(new OffsetIndex.Entry(110, 1000));
            assertThat(index.lookup(155)).isEqualTo(new OffsetIndex.Entry(150, 5000));
            assertThat(index.lookup(10_000)).isEqualTo(new OffsetIndex.Entry(300, 20_000));
            assertThat(index.floorByPosition(999)).isEqualTo(new OffsetIndex.Entry(100, 0));
            assertThat(index.floorByPosition(7_500)).isEqualTo(new OffsetIndex.Entry(170, 7000));
            assertThatThrownBy(() -> index.append(300, 30_000)).isInstanceOf(IllegalArgumentException.class);

            index.truncateToOffset(155);
            assertThat(index.entries()).isEqualTo(5);
            assertThat(index.lastEntry()).isEqualTo(new OffsetIndex.Entry(150, 5000));
        }
        assertThat(Files.size(f.toPath())).isEqualTo(5 * OffsetIndex.ENTRY_SIZE);
        try (OffsetIndex reopened = new OffsetIndex(f, 100, 1024)) {
            assertThat(reopened.lookup(1_000)).isEqualTo(new OffsetIndex.Entry(150, 5000));
            assertThat(reopened.sanityCheck(5001)).isNull();
            assertThat(reopened.sanityCheck(5000)).contains("outside the segment");
        }
    }

    @Test
    void offsetIndexIsFullAtSegmentIndexBytes() throws Exception {
        try (OffsetIndex index = new OffsetIndex(dir.resolve("x.index").toFile(), 0, 3 * OffsetIndex.ENTRY_SIZE)) {
            index.append(1, 10);
            index.append(2, 20);
            assertThat(index.isFull()).isFalse();
            index.append(3, 30);
            assertThat(index.isFull()).isTrue();
        }
    }

    @Test
    void timeIndexKeepsStrictlyIncreasingTimestampsAndFindsWhereToStartASearch() throws Exception {
        File f = dir.resolve("00000000000000000000.timeindex").toFile();
        try (TimeIndex index = new TimeIndex(f, 0, 1024)) {
            assertThat(index.lookup(5)).isZero();
            assertThat(index.maybeAppend(100, 3)).isTrue();
            assertThat(index.maybeAppend(100, 7)).isFalse();
            assertThat(index.maybeAppend(90, 9)).isFalse();
            assertThat(index.maybeAppend(200, 10)).isTrue();
            assertThat(index.maybeAppend(300, 20)).isTrue();
            assertThat(index.lookup(99)).isZero();
            assertThat(index.lookup(100)).isEqualTo(3);
            assertThat(index.lookup(250)).isEqualTo(10);
            assertThat(index.lookup(1_000)).isEqualTo(20);
            index.truncateToOffset(20);
            assertThat(index.lastEntry()).isEqualTo(new TimeIndex.Entry(200, 10));
        }
        try (TimeIndex reopened = new TimeIndex(f, 0, 1024)) {
            assertThat(reopened.entries()).isEqualTo(2);
            assertThat(reopened.lookup(1_000)).isEqualTo(10);
        }
    }
}
