using System.Buffers.Binary;
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

    /// <summary>As <see cref="Json"/>, with number arrays as their bits (a plant's panel is ten million numbers).</summary>
    private static readonly JsonSerializerOptions Packed = new(Json) { Converters = { new DoublesAsBits() } };

    /// <summary>
    /// The inputs as gzip'd JSON. When every member carries its numerators the units' rates are left out: a rate is the
    /// numerator over the exposure, both mostly whole counts a few digits long where a rate takes twenty, and
    /// <see cref="Unpack"/> divides them again to the same bits.
    /// </summary>
    public static byte[] Pack(StoredInputs inputs)
    {
        var panel = inputs.Panel;
        var stored = panel.Members.All(m => m.Numerator is not null)
            ? inputs with { Panel = panel with { Panel = panel.Panel with { Units = panel.Panel.Units.Select(u => u with { Y = [] }).ToList() } } }
            : inputs;
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(gzip, stored, Packed);
        }

        return buffer.ToArray();
    }

    public static StoredInputs Unpack(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var inputs = JsonSerializer.Deserialize<StoredInputs>(gzip, Packed)!;
        var panel = inputs.Panel;
        var units = panel.Panel.Units;
        if (!units.Any(u => u.Y.Length == 0 && panel.Periods.Count > 0))
        {
            return inputs;
        }

        var rebuilt = units.Select((u, i) => u with { Y = Rates(panel.Members[i].Exposure, panel.Members[i].Numerator!) }).ToList();
        return inputs with { Panel = panel with { Panel = panel.Panel with { Units = rebuilt } } };
    }

    /// <summary>Per period the numerator over the exposure, NaN without exposure: as the panel computed the rates.</summary>
    private static double[] Rates(double[] exposure, double[] numerator) =>
        exposure.Select((d, t) => d > 0 ? numerator[t] / d : double.NaN).ToArray();

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

    /// <summary>
    /// A double[] as the base64 of its little-endian bits, NaN included, byte by byte (every value's first byte, then every
    /// second byte…: the exponents and the zero low bytes of whole counts line up, which gzip packs well). Formatting ten million
    /// numbers as text took most of the time to store a plant's evaluation. Reads that or a JSON array (inputs stored before).
    /// </summary>
    private sealed class DoublesAsBits : JsonConverter<double[]>
    {
        public override double[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return JsonSerializer.Deserialize<double[]>(ref reader, Json);
            }

            var bytes = reader.GetBytesFromBase64();
            var values = new double[bytes.Length / sizeof(double)];
            Span<byte> one = stackalloc byte[sizeof(double)];
            for (var k = 0; k < values.Length; k++)
            {
                for (var b = 0; b < sizeof(double); b++)
                {
                    one[b] = bytes[(b * values.Length) + k];
                }

                values[k] = BinaryPrimitives.ReadDoubleLittleEndian(one);
            }

            return values;
        }

        public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options)
        {
            var bytes = new byte[value.Length * sizeof(double)];
            Span<byte> one = stackalloc byte[sizeof(double)];
            for (var k = 0; k < value.Length; k++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(one, value[k]);
                for (var b = 0; b < sizeof(double); b++)
                {
                    bytes[(b * value.Length) + k] = one[b];
                }
            }

            writer.WriteBase64StringValue(bytes);
        }
    }
}
