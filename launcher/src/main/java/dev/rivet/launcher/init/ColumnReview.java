package dev.rivet.launcher.init;

/** A column whose mapping a person should look at before relying on the export. */
public record ColumnReview(String column, String sourceType, String why) {}
