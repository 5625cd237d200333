using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// What an evaluation was computed from — the checked request, the panel and the context — stored gzip'd JSON with the
/// evaluation, so that <see cref="EvaluationRunner"/> reproduces the stored result from it, and so that the panel can be handed
/// to <c>Skillgate stats did</c> as CSV.
/// </summary>
internal sealed record StoredInputs(EvaluationRequest Request, EvaluationPanel Panel, EvaluationContext Context)
{
    /// <summary>Web names, and NaN kept as NaN (a period without work has no rate).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static byte[] Pack(StoredInputs inputs)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(gzip, inputs, Json);
        }

        return buffer.ToArray();
    }

    public static StoredInputs Unpack(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<StoredInputs>(gzip, Json)!;
    }

    /// <summary>The panel in the long form <c>Skillgate stats did --unit unit --time period --y y --trained trained_period --stratum stratum --tenure tenure</c> reads.</summary>
    public string PanelCsv()
    {
        var csv = new StringBuilder("unit,label,period,y,exposure,trained_period,stratum,tenure\n");
        var units = Panel.Panel.Units;
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var member = Panel.Members[i];
            for (var t = 0; t < Panel.Periods.Count; t++)
            {
                var y = double.IsNaN(unit.Y[t]) ? "" : unit.Y[t].ToString("R", CultureInfo.InvariantCulture);
                csv.Append(CultureInfo.InvariantCulture,
                    $"{unit.Id},{Quote(member.Label)},{t},{y},{member.Exposure[t].ToString("R", CultureInfo.InvariantCulture)},{unit.Trained},{unit.Stratum},{unit.Tenure.ToString("R", CultureInfo.InvariantCulture)}\n");
            }
        }

        return csv.ToString();
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
