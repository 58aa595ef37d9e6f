package dev.operon.jdbc.eventstore;

import dev.operon.eventstore.NewEvent;
import java.util.List;

/** The events of some appends as parallel arrays, for one {@code unnest(...)} insert. */
record EventArrays(String[] streams, Long[] ids, String[] types, byte[][] payloads, String[] metadata) {

  static EventArrays of(List<AppendRequest> requests) {
    int size = requests.stream().mapToInt(r -> r.events.size()).sum();
    EventArrays arrays = new EventArrays(
        new String[size], new Long[size], new String[size], new byte[size][], new String[size]);
    int i = 0;
    for (AppendRequest request : requests) {
      long id = request.expectedLastId;
      for (NewEvent event : request.events) {
        arrays.streams[i] = request.stream;
        arrays.ids[i] = ++id;
        arrays.types[i] = event.type();
        arrays.payloads[i] = event.payload();
        arrays.metadata[i] = MetadataJson.write(event.metadata());
        i++;
      }
    }
    return arrays;
  }
}
