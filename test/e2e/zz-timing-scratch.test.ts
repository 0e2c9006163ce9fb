import { startHarness } from './harness';
it('times', async () => {
  for (let i = 0; i < 2; i++) {
    const t = Date.now();
    const h = await startHarness({ sync: 'off' });
    console.log('startHarness ms', Date.now() - t);
    await h.close();
  }
}, 300000);
