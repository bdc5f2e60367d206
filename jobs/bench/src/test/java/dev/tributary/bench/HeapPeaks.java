package dev.tributary.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's heap during a benchmark phase, two ways: the peak of used heap, garbage included (what
 * the JVM's pools report), and the most the heap held right after a collection, closer to what the
 * phase really kept (an upper bound: a young collection leaves the old generation's garbage).
 */
public final class HeapPeaks implements NotificationListener, AutoCloseable {
  private final List<MemoryPoolMXBean> pools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .toList();
  private final Set<String> heapPools =
      pools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  private final AtomicLong afterGc = new AtomicLong();

  public HeapPeaks() {
    System.gc();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener(this, null, null);
    }
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      Map<String, MemoryUsage> after =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
              .getGcInfo()
              .getMemoryUsageAfterGc();
      long used =
          after.entrySet().stream()
              .filter(pool -> heapPools.contains(pool.getKey()))
              .mapToLong(pool -> pool.getValue().getUsed())
              .sum();
      afterGc.accumulateAndGet(used, Math::max);
    }
  }

  /** Sum of each heap pool's peak: an upper bound of used heap at any one moment. */
  public long usedPeakMb() {
    return pools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() >> 20;
  }

  /** The most heap in use right after any collection during the phase. */
  public long afterGcPeakMb() {
    return afterGc.get() >> 20;
  }

  @Override
  public void close() throws ListenerNotFoundException {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).removeNotificationListener(this);
    }
  }
}
