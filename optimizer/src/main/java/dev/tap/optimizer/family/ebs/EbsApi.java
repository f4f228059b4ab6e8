package dev.tap.optimizer.family.ebs;

import dev.tap.optimizer.model.Resource;
import java.util.Map;

/** What the executor asks of an EBS volume, in domain verbs. */
public interface EbsApi {

  /**
   * The volume with {@link EbsFamily#VOLUME_TYPE}, {@link EbsFamily#SIZE_GIB}, {@link EbsFamily#IOPS} and
   * {@link EbsFamily#THROUGHPUT} (where the type has them), {@link EbsFamily#ATTACHED_TO}, {@link EbsFamily#CREATED},
   * {@link EbsFamily#MODIFIED_AT} (the start of its latest modification, if any) and tags.
   */
  Resource describeVolume(String volumeId, String region);

  /**
   * One ModifyVolume with the keys of {@code target} that the target type takes (gp2 takes neither
   * IOPS nor throughput; io1/io2 take IOPS; gp3 both). Online: the volume stays in use.
   */
  void modifyVolume(String volumeId, String region, Map<String, String> target);
}
