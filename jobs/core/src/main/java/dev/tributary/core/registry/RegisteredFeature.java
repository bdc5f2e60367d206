package dev.tributary.core.registry;

/**
 * One feature of one view version.
 *
 * @param definition its line of the view's canonical text (function, input, window, hop)
 * @param type the type of its values
 */
public record RegisteredFeature(
    String view, String version, String feature, String definition, String type, String at) {}
