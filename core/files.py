"""Files at rest that hold personal data (consent scans) are stored encrypted.

`EncryptedStorage` wraps the default storage: what is saved is encrypted with the first of
FILE_ENCRYPTION_KEYS (Fernet, as the CPR numbers), what is opened is decrypted with any of
them, so keys rotate by putting a new one first and running `manage.py krypter_filer`, which
also encrypts files stored before encryption. A file is decrypted only when a view that has
checked the user's permission opens it; the storage gives no URL.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils.deconstruct import deconstructible


def _fernet() -> MultiFernet:
    keys = list(settings.FILE_ENCRYPTION_KEYS)
    if not keys:
        # Development only (settings refuse to start without CPR keys when debug is off).
        digest = hashlib.sha256(("files:" + settings.SECRET_KEY).encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


@deconstructible(path="core.files.EncryptedStorage")
class EncryptedStorage(Storage):
    """The default storage, with every file's content encrypted."""

    @property
    def inner(self) -> Storage:
        return default_storage

    def _open(self, name, mode="rb"):
        with self.inner.open(name, "rb") as stored:
            token = stored.read()
        return ContentFile(_fernet().decrypt(token), name=name)

    def _save(self, name, content):
        content.seek(0)
        data = content.read()
        return self.inner.save(name, ContentFile(_fernet().encrypt(data if isinstance(data, bytes) else data.encode())))

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.inner.generate_filename(filename)

    def delete(self, name):
        self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def size(self, name):
        return self.inner.size(name)

    def url(self, name):
        raise NotImplementedError("Encrypted files are served by a view that checks permissions, never by URL.")

    def get_modified_time(self, name):
        return self.inner.get_modified_time(name)

    def reencrypt(self, name) -> str:
        """Encrypt a file stored in plain (before encryption) or with an older key; returns what was done."""
        with self.inner.open(name, "rb") as stored:
            data = stored.read()
        fernet = _fernet()
        try:
            token = fernet.rotate(data)
            outcome = "rotated"
        except InvalidToken:
            token = fernet.encrypt(data)
            outcome = "encrypted"
        if token == data:
            return "unchanged"
        self.inner.delete(name)
        saved = self.inner.save(name, ContentFile(token))
        if saved != name:  # the storage chose another name: the record would lose its file
            raise RuntimeError(f"Could not rewrite {name} in place (saved as {saved}).")
        return outcome


encrypted_storage = EncryptedStorage()
