/**
 * This browser's Ed25519 device key, created with WebCrypto as non-extractable (the private key
 * can sign but can never be read out) and kept in IndexedDB.
 */
const DB = 'linli';
const STORE = 'device-keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const req = fn(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export interface StoredDeviceKey {
  accountId: string;
  publicKey: string;
  keyPair: CryptoKeyPair;
}

export const loadDeviceKey = (accountId: string) =>
  tx<StoredDeviceKey | undefined>('readonly', (s) => s.get(accountId));

export async function createDeviceKey(accountId: string): Promise<StoredDeviceKey> {
  const keyPair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', keyPair.publicKey));
  const publicKey = btoa(String.fromCharCode(...raw));
  const stored = { accountId, publicKey, keyPair };
  await tx('readwrite', (s) => s.put(stored, accountId));
  return stored;
}

export const forgetDeviceKey = (accountId: string) => tx('readwrite', (s) => s.delete(accountId));
