package dev.hokan.engine.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.engine.ErrorType;
import dev.hokan.engine.ServiceException;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {
    @Test
    void aMalformedDocumentIsRefusedWithTheParsersReasonKeptAsTheCause() {
        assertThatThrownBy(() -> PolicyDocuments.parse("{\"Statement\": 5}"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_PARAMETER_VALUE);
                    assertThat(e.getMessage())
                            .startsWith("Malformed policy document: ");
                })
                .cause().isInstanceOf(MalformedPolicyException.class);
    }
}
