// Recognising a lost GPU device. WebGPU reports it through `device.lost` and then fails every call with a
// message naming the lost/destroyed device; WebGL through a lost context. tfjs surfaces both as plain Errors,
// so the message is all there is to go on.
const DEVICE_LOST = /device (was |is |has been )?(lost|destroyed)|lost the device|context (was |is )?lost|CONTEXT_LOST|GPUDevice.*(lost|destroyed)|webgl.*lost/i;

export function isDeviceLostError(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return DEVICE_LOST.test(text);
}
