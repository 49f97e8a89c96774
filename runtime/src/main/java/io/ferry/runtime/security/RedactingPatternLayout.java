package io.ferry.runtime.security;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's pattern layout with every secret the worker knows masked ({@link Redactor#text}) in
 * the whole line: message, arguments and stack trace. Ferry's {@code config/logback.xml} uses it:
 * <pre>{@code
 * <encoder class="ch.qos.logback.core.encoder.LayoutWrappingEncoder">
 *   <layout class="io.ferry.runtime.security.RedactingPatternLayout"><pattern>...</pattern></layout>
 * </encoder>}</pre>
 */
public class RedactingPatternLayout extends PatternLayout {

    @Override
    public String doLayout(ILoggingEvent event) {
        return Redactor.text(super.doLayout(event));
    }
}
