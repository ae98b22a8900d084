import { MAX_PHOTO_BYTES } from '$shared/offer';

/** The longest side a photo keeps: sharp on a phone, light on a family's mobile data. */
export const PHOTO_MAX_SIDE = 1280;

/** A picture's size scaled down (never up) to fit `max` on its longer side, in whole pixels. */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Bytes as base64, in slices (a whole photo at once would overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * A chosen picture made ready to send: scaled down and saved as JPEG, at lower quality until it is
 * small enough. Null when the browser cannot read it as an image.
 */
export async function preparePhoto(file: Blob): Promise<{ contentType: 'image/jpeg'; data: string } | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  for (const quality of [0.82, 0.7, 0.55, 0.4]) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob && blob.size <= MAX_PHOTO_BYTES)
      return { contentType: 'image/jpeg', data: toBase64(new Uint8Array(await blob.arrayBuffer())) };
  }
  return null;
}
