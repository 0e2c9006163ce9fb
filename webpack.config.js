// Builds the add-in pages (task pane, commands) into dist/addin and the emulator's Outlook-like
// host page and Office.js shim into dist/emulator. One TypeScript pass: ts-loader transpileOnly
// (types are checked by `npm run typecheck`). The add-in's makeStyles calls are compiled to CSS at
// build time (Griffel's loader; Fluent's own components ship compiled the same way), so the pane
// carries no CSS-in-JS compiler (stylis, rtl-css-js): about 7 KB gzip less before it shows anything.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';

const root = path.dirname(fileURLToPath(import.meta.url));

const typescript = {
  loader: 'ts-loader',
  options: { transpileOnly: true, compilerOptions: { module: 'esnext', noEmit: false } },
};

/**
 * @param {string} mode
 * @param {{ griffelAot: boolean }} options
 */
function common(mode, { griffelAot }) {
  return {
    mode,
    devtool: mode === 'production' ? 'source-map' : 'eval-cheap-module-source-map',
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // Loaders run last to first: TypeScript to JavaScript, then Griffel's build-time transform.
          use: griffelAot ? [{ loader: '@griffel/webpack-loader' }, typescript] : typescript,
        },
      ],
    },
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}

export default (_env, argv) => {
  const mode = argv.mode === 'production' ? 'production' : 'development';
  const addin = {
    ...common(mode, { griffelAot: true }),
    name: 'addin',
    entry: {
      taskpane: './src/addin/taskpane/index.tsx',
      commands: './src/addin/commands/commands.ts',
      // MSAL's last sign-in fallback, opened in an Office dialog (add-in core: src/addin/auth/).
      'auth-dialog': './src/addin/auth/dialog.ts',
    },
    output: {
      path: path.join(root, 'dist/addin'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      publicPath: '',
      clean: true,
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/addin/taskpane/taskpane.html',
        chunks: ['taskpane'],
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/addin/commands/commands.html',
        chunks: ['commands'],
      }),
      new HtmlWebpackPlugin({
        filename: 'auth-dialog.html',
        template: './src/addin/auth/auth-dialog.html',
        chunks: ['auth-dialog'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          // office.js is served by us, never from a CDN; already minified, so not re-minified.
          { from: 'node_modules/@microsoft/office-js/dist', to: 'office', info: { minimized: true } },
          { from: 'assets', to: 'assets', info: { minimized: true }, noErrorOnMissing: true },
        ],
      }),
    ],
  };
  const emulator = {
    ...common(mode, { griffelAot: false }),
    name: 'emulator',
    entry: {
      host: './src/emulator/host/page/index.tsx',
      'office-shim': './src/emulator/shim/index.ts',
    },
    output: {
      path: path.join(root, 'dist/emulator'),
      filename: (pathData) =>
        pathData.chunk?.name === 'office-shim' ? '[name].js' : '[name].[contenthash:8].js',
      publicPath: '/',
      clean: true,
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'index.html',
        template: './src/emulator/host/page/index.html',
        chunks: ['host'],
      }),
    ],
  };
  return [addin, emulator];
};
