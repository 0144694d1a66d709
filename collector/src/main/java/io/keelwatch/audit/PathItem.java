package io.keelwatch.audit;

/**
 * One PATH record.
 *
 * @param item     the item index
 * @param name     the path as the task gave it (may be relative to cwd), or {@code null}
 * @param inode    inode number, or -1
 * @param dev      {@code major:minor} as printed, or {@code null}
 * @param mode     file mode bits (octal in the record), or -1
 * @param ouid     owner uid, or -1
 * @param ogid     owner gid, or -1
 * @param nametype NORMAL, PARENT, CREATE, DELETE, UNKNOWN
 */
public record PathItem(int item, String name, long inode, String dev, int mode, long ouid, long ogid,
                       String nametype) implements RecordPart {
}
