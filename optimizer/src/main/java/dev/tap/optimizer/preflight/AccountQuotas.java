package dev.tap.optimizer.preflight;

import java.util.Optional;

/** The port {@code tap preflight} reads an account through (Service Quotas and describe calls in {@code aws}). */
public interface AccountQuotas {

  /** The quota's value in the region: applied, else AWS's default; empty when neither is readable. */
  Optional<QuotaValue> value(Quota quota, String region);

  /** What the region already uses. */
  Usage usage(String region);
}
