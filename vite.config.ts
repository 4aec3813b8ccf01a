import { defineConfig } from 'vite';

// The web app lives in web/ and is built into dist/web, which the server serves at /.
export default defineConfig({
  root: 'web',
  base: '/',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rollupOptions: {
      input: {
        map: 'web/index.html',
        data: 'web/data.html',
        campaign: 'web/campaign.html',
        signin: 'web/signin.html',
        admin: 'web/admin.html',
        audit: 'web/audit.html',
        dashboard: 'web/dashboard.html',
        appeals: 'web/appeals.html',
        bulletin: 'web/ban-tin.html',
        alerts: 'web/alerts.html',
        openData: 'web/du-lieu.html',
        embed: 'web/nhung.html',
        verify: 'web/verify.html',
        rewards: 'web/khen-thuong.html',
        publicRewards: 'web/khen-thuong-cong-bo.html',
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
