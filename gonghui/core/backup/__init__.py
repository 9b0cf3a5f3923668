"""One file holding everything in a data dir: the database, the uploads folder and the secret key.

    manifest = backup_create(Path("gonghui.zip"), progress=cb)      # online: the server may keep writing
    manifest = backup_restore(Path("gonghui.zip"), force=False, progress=cb)

The file is a zip: `manifest.json` (format, versions, engine, created_at, row counts per table, applied
migrations, every other member with its size and sha256), `database.sqlite3` or `database.pgdump`,
`secret_key`, `uploads/...`. A restore checks every member against the manifest before it writes anything.
Running migrations afterwards is the caller's business (core does not know the command line).

With `passphrase=`, the zip is written encrypted (scrypt + AES-GCM in chunks, see crypto.py); a restore
recognises such a file by its header and needs the same passphrase.
"""

from gonghui.core.backup.archive import BackupError
from gonghui.core.backup.create import backup_create
from gonghui.core.backup.restore import backup_restore

__all__ = ["BackupError", "backup_create", "backup_restore"]
