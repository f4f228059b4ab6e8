package dev.tap.optimizer.org;

import java.util.List;

/** The organisation's accounts (AWS Organizations, or the simulated organisation): the port {@code tap org} lists members through. */
public interface Organization {

  /** The account whose credentials tap runs with: analysed with them, without assuming a role. */
  String managementAccount();

  /** Every ACTIVE account of the organisation (ListAccounts, every page). */
  List<MemberAccount> activeAccounts();

  /** The ACTIVE accounts under an organisational unit and all its child units (ListAccountsForParent, ListOrganizationalUnitsForParent). */
  List<MemberAccount> activeAccountsUnder(String ouId);
}
