package io.ferry.reference;

import org.apache.kafka.common.config.ConfigDef;

/**
 * One part of the reference: a component's settings.
 *
 * @param title      the heading
 * @param intro      one paragraph: where the settings go
 * @param definition the settings
 */
public record Section(String title, String intro, ConfigDef definition) {
}
