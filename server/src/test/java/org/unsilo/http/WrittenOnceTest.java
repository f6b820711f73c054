package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrittenOnceTest {

    record Person(String name, List<String> emails, Instant since) {
    }

    private final ObjectMapper mapper = Json.mapper();
    private final WrittenOnce written = new WrittenOnce(mapper);

    @Test
    void writesWhatTheValueItselfWouldBe() throws Exception {
        Person person = new Person("Zoë \"Z\" Ångström 😀", List.of("zoe@example.org"), Instant.parse("2026-11-27T09:00:00Z"));
        List<Object> people = new ArrayList<>();
        // Enough of them to fill the generator's buffer several times, so some are copied across its boundary.
        for (int i = 0; i < 2_000; i++) {
            people.add(Map.of("n", i, "person", i % 3 == 0 ? person : new Person("P" + i, List.of(), null)));
        }
        List<Object> viaWritten = people.stream()
                .map(p -> Map.of("n", ((Map<?, ?>) p).get("n"), "person", written.write(((Map<?, ?>) p).get("person"))))
                .map(Object.class::cast).toList();

        // Answers are written as bytes (Requests.json): the very same bytes.
        assertThat(Arrays.equals(mapper.writeValueAsBytes(Map.of("all", viaWritten)),
                mapper.writeValueAsBytes(Map.of("all", people)))).isTrue();
        // Written as text the parts keep the byte writer's escapes (of the emoji's surrogates): the same JSON.
        assertThat(mapper.readTree(mapper.writeValueAsString(Map.of("all", viaWritten))))
                .isEqualTo(mapper.readTree(mapper.writeValueAsString(Map.of("all", people))));
    }
}
