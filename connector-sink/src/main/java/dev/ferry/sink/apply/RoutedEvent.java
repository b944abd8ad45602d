package dev.ferry.sink.apply;

import dev.ferry.sink.event.ChangeEvent;
import dev.ferry.sink.event.TableId;

/** A parsed change and the target table {@code table.name.format} sends it to. */
public record RoutedEvent(TableId target, ChangeEvent event) {
}
