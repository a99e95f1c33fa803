// The token store of the real app: Electron safeStorage (Keychain, DPAPI, libsecret/kwallet).
import { safeStorage } from 'electron';
import { EncryptedFileTokenStore, type TokenStore } from '../core/account/token-store';

export function createSafeStorageTokenStore(filePath: string): TokenStore {
  return new EncryptedFileTokenStore(filePath, {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (plain) => safeStorage.encryptString(plain),
    decryptString: (encrypted) => safeStorage.decryptString(encrypted),
    // Only Linux has a choice of backends; 'basic_text' there means a hard-coded key.
    backendName: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi'),
  });
}
