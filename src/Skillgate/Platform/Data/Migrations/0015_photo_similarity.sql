-- Near-duplicate session photos: a 64-bit perceptual hash of the whole picture and one of its centre (5 % cut off each edge, so
-- a cropped copy still meets its original), and the earlier photo of another session this one is a near-duplicate of.
-- Photos are compared by Hamming distance (bit_count of the XOR), a scan of a few bigints per row.
ALTER TABLE training.session_photo
    ADD COLUMN phash bigint,
    ADD COLUMN phash_inner bigint,
    ADD COLUMN similar_to uuid REFERENCES training.session_photo (id);
