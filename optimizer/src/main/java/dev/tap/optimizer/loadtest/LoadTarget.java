package dev.tap.optimizer.loadtest;

/**
 * One thing load is driven at (a database endpoint, a Redis cluster, a function, a URL) with a real
 * client. Implementations are thread-safe: {@link #execute} runs on up to the concurrency cap of
 * threads at once, and every call is bounded by the operation timeout.
 */
public interface LoadTarget extends AutoCloseable {

  /** Short unique name used in output lines and files, e.g. {@code redis} or {@code lambda:fn-1}. */
  String name();

  /** {@code postgres}, {@code redis}, {@code lambda} or {@code http}. */
  String kind();

  /** Where it goes, for the confirmation prompt and the results (host:port, URL, function name). */
  String endpoint();

  /** What one operation does, for the confirmation prompt. */
  String workload();

  /**
   * Connects and runs one operation before any load is sent, so an unreachable host, wrong
   * credentials or a missing resource stop the run with a {@link dev.tap.optimizer.error.UserError}
   * naming it. Creates what the workload needs (e.g. the scratch table).
   */
  void prepare() throws Exception;

  /** One operation of the workload; throws on any failure. */
  void execute() throws Exception;

  /** The error kind to count a failure of {@link #execute} under, e.g. {@code timeout}, {@code http-503}. */
  String classify(Throwable failure);

  /** Removes what {@link #prepare} created and closes connections; never throws for a lost server. */
  @Override
  void close();
}
