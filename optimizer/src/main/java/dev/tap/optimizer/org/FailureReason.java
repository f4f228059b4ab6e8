package dev.tap.optimizer.org;

/** Why an account-region could not be read; the report groups failures by it and says what to do. */
public enum FailureReason {
  ROLE_NOT_ASSUMABLE("the role could not be assumed (it does not exist in the account, or its trust policy does not name the caller or the external id)",
      "deploy the member role (docs/organisation.md) or fix its trust policy and --external-id"),
  ACCESS_DENIED("the role was assumed but denied a read inside the account",
      "give the member role the permissions 'tap iam-policy --for analyze' prints"),
  REGION_NOT_ENABLED("the region is not enabled (opted out, or disabled) in the account",
      "enable the region in the account, or leave it out of --regions"),
  OTHER("another error", "see the AWS error code and message");

  public final String meaning;
  public final String remedy;

  FailureReason(String meaning, String remedy) {
    this.meaning = meaning;
    this.remedy = remedy;
  }
}
