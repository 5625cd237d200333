using System.Diagnostics;

namespace Skillgate.Tests.Infrastructure;

/// <summary>Debian's LibreOffice Calc, headless: turns a flat OpenDocument spreadsheet into the .xlsx a Chinese office would send.</summary>
public static class LibreOffice
{
    public static async Task<byte[]> ToXlsxAsync(string flatOds)
    {
        var folder = Directory.CreateTempSubdirectory("skillgate-lo-").FullName;
        try
        {
            var source = Path.Combine(folder, "sheet.fods");
            await File.WriteAllTextAsync(source, flatOds);
            var info = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            foreach (var argument in new[] { $"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", folder, source })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException("soffice did not start (test.sh installs libreoffice-calc)");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token) + await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var target = Path.Combine(folder, "sheet.xlsx");
            return File.Exists(target) ? await File.ReadAllBytesAsync(target) : throw new InvalidOperationException($"LibreOffice wrote no .xlsx: {output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
