package io.imagepipe.ingest.upload;

import io.imagepipe.contract.ImageKey;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One deletion of an image as {@code image_deletions} records it: the audit row and the
 * deletion marker. Written once and never changed; the database stamps its time.
 *
 * @param id the row's identity, {@code null} until saved
 * @param key the image
 * @param uploadSeq the deletion's place in the order of uploads
 * @param actor who asked (the token's subject)
 * @param scope {@code image} or {@code owner}
 * @param hadImage whether an image was served
 * @param uploads the uploads marked deleted or freed of their raw bytes
 * @param bytesFreed the bytes removed
 */
@Table("image_deletions")
record ImageDeletion(@Id Long id, @Embedded.Empty ImageKey key, long uploadSeq, String actor, String scope,
		boolean hadImage, int uploads, long bytesFreed) {
}
