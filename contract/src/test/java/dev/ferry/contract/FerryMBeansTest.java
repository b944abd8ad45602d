package dev.ferry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class FerryMBeansTest {

    public interface ProbeMBean {
        int getValue();
    }

    public static final class Probe implements ProbeMBean {
        private final int value;

        Probe(int value) {
            this.value = value;
        }

        @Override
        public int getValue() {
            return value;
        }
    }

    @Test
    void namesAreStableAndQuoteTheConnector() {
        assertThat(FerryMBeans.sinkTask("to-pg", "0")).isEqualTo("dev.ferry:type=sink-task,connector=\"to-pg\",task=0");
        assertThat(FerryMBeans.sourceTask("a,b")).isEqualTo("dev.ferry:type=source-task,connector=\"a,b\"");
        assertThat(FerryMBeans.sinkTable("to-pg", "0", "public.orders"))
                .isEqualTo("dev.ferry:type=sink-table,connector=\"to-pg\",task=0,table=\"public.orders\"");
        assertThat(FerryMBeans.sourceSnapshotTable("shop", "public.orders"))
                .isEqualTo("dev.ferry:type=source-snapshot-table,connector=\"shop\",table=\"public.orders\"");
    }

    @Test
    void aRestartedTaskReplacesItsMBeanAndUnregisteringRemovesIt() throws Exception {
        String name = FerryMBeans.sourceTask("probe");
        FerryMBeans.register(new Probe(1), name);
        ObjectName registered = FerryMBeans.register(new Probe(2), name);

        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(registered, "Value")).isEqualTo(2);
        FerryMBeans.unregister(registered);
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(registered)).isFalse();
        FerryMBeans.unregister(null);
    }
}
