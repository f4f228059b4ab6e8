package dev.tap.optimizer.pricing;

import java.io.InputStream;

/**
 * The AWS Price List bulk API's offer files, by path from its host (e.g. {@code
 * /savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json}): public files, no
 * credentials. The adapter reaches them over HTTPS; tests serve recorded excerpts.
 */
public interface OfferFiles {
  /** The file's body, streamed (a region's Savings Plans file runs to tens of MB); the caller closes it. */
  InputStream open(String path);

  /** Where {@code path} is fetched from, for messages. */
  String describe(String path);
}
