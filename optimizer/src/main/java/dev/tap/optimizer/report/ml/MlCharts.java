package dev.tap.optimizer.report.ml;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Minute;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts for the notebook, rendered headless with JFreeChart. */
public final class MlCharts {
  private MlCharts() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  static final int W = 900, H = 380;

  public static byte[] png(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(new Color(250, 250, 250));
    BufferedImage img = chart.createBufferedImage(W, H);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hourly lines over time, one per named series (epoch seconds, values). */
  public static byte[] timeLines(String title, String xLabel, String yLabel, long[] times, Map<String, double[]> series) {
    TimeSeriesCollection ds = new TimeSeriesCollection(java.util.TimeZone.getTimeZone("UTC"));
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      TimeSeries ts = new TimeSeries(e.getKey());
      for (int i = 0; i < times.length; i++) ts.addOrUpdate(new Minute(new Date(times[i] * 1000), java.util.TimeZone.getTimeZone("UTC"), java.util.Locale.ROOT), e.getValue()[i]);
      ds.addSeries(ts);
    }
    JFreeChart c = ChartFactory.createTimeSeriesChart(title, xLabel, yLabel, ds, true, false, false);
    XYPlot p = c.getXYPlot();
    java.text.SimpleDateFormat days = new java.text.SimpleDateFormat("dd MMM", java.util.Locale.ROOT);
    days.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
    ((org.jfree.chart.axis.DateAxis) p.getDomainAxis()).setDateFormatOverride(days);
    for (int i = 0; i < series.size(); i++) p.getRenderer().setSeriesStroke(i, new BasicStroke(1.6f));
    return png(c);
  }

  public static byte[] scatter(String title, String x, String y, double[] xs, double[] ys, String name) {
    XYSeries s = new XYSeries(name, false);
    for (int i = 0; i < xs.length; i++) s.add(xs[i], ys[i]);
    JFreeChart c = ChartFactory.createScatterPlot(title, x, y, new XYSeriesCollection(s), PlotOrientation.VERTICAL, true, false, false);
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) c.getXYPlot().getRenderer();
    r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-1.5, -1.5, 3, 3));
    return png(c);
  }

  /** Grouped bars: rows are series (before/after), columns are categories. */
  public static byte[] bars(String title, String yLabel, LinkedHashMap<String, LinkedHashMap<String, Double>> rows) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    rows.forEach((row, cols) -> cols.forEach((col, v) -> ds.addValue(v, row, col)));
    JFreeChart c = ChartFactory.createBarChart(title, null, yLabel, ds, PlotOrientation.VERTICAL, true, false, false);
    c.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelLines(3);
    return png(c);
  }

  /** Step lines of x (step index from {@code firstX}) to y for each named series. */
  public static byte[] steps(String title, String xLabel, String yLabel, Map<String, double[]> series, int firstX) {
    XYSeriesCollection ds = new XYSeriesCollection();
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false);
      for (int i = 0; i < e.getValue().length; i++) s.add(i + firstX, e.getValue()[i]);
      ds.addSeries(s);
    }
    // a numeric x axis (createXYStepChart would format x as dates)
    JFreeChart c = ChartFactory.createXYLineChart(title, xLabel, yLabel, ds, PlotOrientation.VERTICAL, true, false, false);
    org.jfree.chart.renderer.xy.XYStepRenderer r = new org.jfree.chart.renderer.xy.XYStepRenderer();
    for (int i = 0; i < series.size(); i++) r.setSeriesStroke(i, new BasicStroke(2f));
    c.getXYPlot().setRenderer(r);
    ((org.jfree.chart.axis.NumberAxis) c.getXYPlot().getDomainAxis()).setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
    return png(c);
  }
}
