import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { ROOT, renderManifest, validateManifest } from '#scripts/validate-manifest';
import { crc32, encodePng, ICON_SIZES, iconFileName, renderIcon } from '#scripts/make-icons';

const manifest = readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

describe('manifest.xml', () => {
  it('validates against the Office XSDs, with every resid resolving and every icon present', async () => {
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('offers the pane on read, compose, organizer, attendee and mobile read surfaces with a Track command', () => {
    for (const surface of [
      'MessageReadCommandSurface',
      'MessageComposeCommandSurface',
      'AppointmentOrganizerCommandSurface',
      'AppointmentAttendeeCommandSurface',
      'MobileMessageReadCommandSurface',
    ])
      expect(manifest).toContain(`xsi:type="${surface}"`);
    expect(manifest).toContain('<Permissions>ReadWriteItem</Permissions>');
    expect(manifest.match(/<FunctionName>trackItem<\/FunctionName>/g)?.length).toBeGreaterThanOrEqual(4);
    const v11 = manifest.slice(manifest.indexOf('xsi:type="VersionOverridesV1_1"'));
    expect(v11).toContain('<SupportsPinning>true</SupportsPinning>');
    expect(v11).toContain('<MobileFormFactor>');
  });

  it('rejects pinning in the v1.0 block, an unresolved resid and a foreign id', async () => {
    const pinnedV10 = manifest.replace(
      '<SourceLocation resid="Taskpane.Url"/>',
      '<SourceLocation resid="Taskpane.Url"/><SupportsPinning>true</SupportsPinning>',
    );
    expect((await validateManifest(pinnedV10)).map((p) => p.check)).toContain('xsd');
    const dangling = manifest.replace('resid="TrackButton.Tooltip"', 'resid="Missing.Tooltip"');
    expect(await validateManifest(dangling)).toContainEqual({
      check: 'resid',
      message: 'VersionOverridesV1_0: resid "Missing.Tooltip" has no resource',
    });
    const otherId = manifest.replace(/<Id>[^<]*<\/Id>/, '<Id>00000000-0000-4000-8000-000000000000</Id>');
    expect((await validateManifest(otherId)).map((p) => p.check)).toContain('id');
  });

  it('takes its URLs from the build-time base URL', async () => {
    const production = renderManifest(manifest, 'https://crm.example.com/outlook/');
    expect(production).not.toContain('localhost');
    expect(production).toContain('https://crm.example.com/outlook/taskpane.html');
    expect(await validateManifest(production, { baseUrl: 'https://crm.example.com/outlook/' })).toEqual([]);
    expect(() => renderManifest(manifest, 'http://crm.example.com/')).toThrow(/https URL/);
  });
});

describe('icons', () => {
  it('computes the PNG CRC-32 of the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('encodes pixels that decode back unchanged', () => {
    const pixels = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const png = encodePng(2, 2, pixels);
    const idat = png.indexOf('IDAT');
    const length = png.readUInt32BE(idat - 4);
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + length));
    expect([...raw]).toEqual([0, ...pixels.subarray(0, 8), 0, ...pixels.subarray(8)]);
  });

  it('committed icons match what make-icons generates', () => {
    for (const size of ICON_SIZES) {
      const committed = readFileSync(path.join(ROOT, 'assets', iconFileName(size)));
      expect(committed.equals(renderIcon(size)), iconFileName(size)).toBe(true);
    }
  });
});
