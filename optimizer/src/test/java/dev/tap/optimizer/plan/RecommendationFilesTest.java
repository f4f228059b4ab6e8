package dev.tap.optimizer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecommendationFilesTest {
  @Test
  void csvCellsAreQuotedPerRfc4180() {
    assertThat(RecommendationFiles.cell("plain")).isEqualTo("plain");
    assertThat(RecommendationFiles.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(RecommendationFiles.cell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(RecommendationFiles.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(RecommendationFiles.cell(null)).isEmpty();
  }

  @Test
  void headerNamesEveryColumnOnce() {
    assertThat(RecommendationFiles.CSV_COLUMNS).doesNotHaveDuplicates().contains("status", "annual_savings_usd", "confidence", "backtest_passed");
  }
}
