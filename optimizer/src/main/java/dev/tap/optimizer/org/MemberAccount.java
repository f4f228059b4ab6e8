package dev.tap.optimizer.org;

/** One account of the organisation: its 12-digit id and the name Organizations gives it (the id again when read from a file). */
public record MemberAccount(String id, String name) {

  public MemberAccount {
    if (id == null || !id.matches("\\d{12}")) throw new IllegalArgumentException("an AWS account id is 12 digits: " + id);
    name = name == null || name.isBlank() ? id : name;
  }
}
