package dev.rivet.kernel.schema;

/** How one column differs between two schemas of an export. */
public enum ChangeKind {
  /** A column the old schema did not have. */
  ADDED("added"),
  /** A column the new schema no longer has. */
  REMOVED("removed"),
  /**
   * A column of the same name whose type holds every value it held before: a larger integer, a
   * longer string, more digits or more scale.
   */
  RETYPED_WIDENING("retyped_widening"),
  /** A column of the same name whose type may no longer hold every old value, or another family. */
  RETYPED_NARROWING("retyped_narrowing"),
  /** A column that now may, or no longer may, hold NULL. */
  NULLABILITY_CHANGED("nullability_changed"),
  /** A column kept by both schemas that moved relative to the other kept columns. */
  REORDERED("reordered"),
  /** A removed and an added column of the same type at the same position. */
  POSSIBLY_RENAMED("possibly_renamed");

  private final String wireValue;

  ChangeKind(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The name in {@code --output json} and in state. */
  public String wireValue() {
    return wireValue;
  }
}
