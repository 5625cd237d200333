using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Web;

/// <summary>
/// The one place where every text a request carries — path, query string, form fields, file names and the strings of a JSON
/// body — is checked before any handler or query sees it: text the database cannot store (<see cref="TextRules.FirstUnstorable"/>)
/// and dates no one means (<see cref="TextRules.IsAbsurdDate"/>) answer 400 naming the fields.
/// </summary>
internal static class TextGuard
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>A buffered body larger than this goes to a temporary file.</summary>
    private const int MemoryBufferBytes = 1024 * 1024;

    public static IApplicationBuilder UseTextGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var bad = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TextRules.FirstUnstorable(context.Request.Path.Value) >= 0)
        {
            bad["path"] = "validation.unstorable_text";
        }

        foreach (var (key, values) in context.Request.Query)
        {
            Check(bad, key, values);
        }

        if (context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                foreach (var (key, values) in form)
                {
                    Check(bad, key, values);
                }

                foreach (var file in form.Files.Where(f => TextRules.FirstUnstorable(f.FileName) >= 0))
                {
                    bad[file.Name] = "validation.unstorable_text";
                }
            }
            catch (InvalidDataException e)
            {
                // The form decoder refuses a NUL written as %00 before we could name the field; a form past the multipart
                // limits is unreadable as a whole.
                bad["form"] = e.InnerException is InvalidOperationException ? "validation.unstorable_text" : "error.bad_request";
            }
        }
        else if (context.Request.HasJsonContentType())
        {
            await CheckJsonAsync(context.Request, bad);
        }

        if (bad.Count == 0)
        {
            await next(context);
            return;
        }

        var t = context.RequestServices.GetRequiredService<Texts>();
        var problem = new HttpValidationProblemDetails(bad.ToDictionary(b => b.Key, b => new[] { t[b.Value].Value }))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = t["error.validation"],
        };
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    });

    private static void Check(Dictionary<string, string> bad, string field, StringValues values)
    {
        foreach (var value in values.Append(field))
        {
            if (value is not null && Problem(value) is { } key)
            {
                bad[field] = key;
            }
        }
    }

    private static string? Problem(string value) =>
        TextRules.FirstUnstorable(value) >= 0 ? "validation.unstorable_text"
        : TextRules.IsAbsurdDate(value) ? "validation.date_out_of_range"
        : null;

    /// <summary>
    /// Reads the whole body through <see cref="Utf8JsonReader"/> in chunks (a kiosk's sync carries photos and may run to many
    /// megabytes), keeping only the unfinished token between chunks; the body is buffered for the endpoint to read again.
    /// Malformed JSON is left for the endpoint to refuse.
    /// </summary>
    private static async Task CheckJsonAsync(HttpRequest request, Dictionary<string, string> bad)
    {
        // The buffer in memory is rented at its full threshold: sized to the body when its length is known, so a check-in's
        // hundred bytes do not take a megabyte (which, under a burst, the shared pool cannot hold and the GC must collect).
        request.EnableBuffering(request.ContentLength is { } declared ? (int)Math.Clamp(declared, 1, MemoryBufferBytes) : MemoryBufferBytes);
        var scan = new JsonScan(bad);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var kept = 0;
        try
        {
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            while (true)
            {
                if (kept == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, kept).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(kept), request.HttpContext.RequestAborted);
                var length = kept + read;
                var final = read == 0;
                if (!scan.Read(buffer.AsSpan(0, length), final, ref state, out var consumed) || final)
                {
                    break;
                }

                kept = length - consumed;
                buffer.AsSpan(consumed, kept).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            request.Body.Position = 0;
        }
    }

    /// <summary>The token walk, with the path to the current value kept across chunks.</summary>
    private sealed class JsonScan(Dictionary<string, string> bad)
    {
        private readonly List<string> _path = [];
        private string? _property;

        /// <returns>False once the JSON turned out malformed.</returns>
        public bool Read(ReadOnlySpan<byte> chunk, bool final, ref JsonReaderState state, out int consumed)
        {
            var reader = new Utf8JsonReader(chunk, final, state);
            try
            {
                while (reader.Read())
                {
                    Visit(ref reader);
                }
            }
            catch (JsonException)
            {
                consumed = chunk.Length;
                return false;
            }

            consumed = (int)reader.BytesConsumed;
            state = reader.CurrentState;
            return true;
        }

        private void Visit(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _property = reader.GetString();
                    if (_property is not null && TextRules.FirstUnstorable(_property) >= 0)
                    {
                        bad[Field(_path, "?")] = "validation.unstorable_text";
                        _property = "?";
                    }

                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    _path.Add(_property ?? "");
                    _property = null;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _path.RemoveAt(_path.Count - 1);
                    _property = null;
                    break;
                case JsonTokenType.String:
                    // NUL and lone surrogates can only arrive escaped (raw, they are not JSON); a date is short. Long plain strings
                    // (a kiosk's photos) are not copied out.
                    if ((reader.ValueIsEscaped || reader.ValueSpan.Length <= 40) && Problem(reader.GetString()!) is { } key)
                    {
                        bad[Field(_path, _property)] = key;
                    }

                    _property = null;
                    break;
                default:
                    _property = null;
                    break;
            }
        }
    }

    private static string Field(List<string> path, string? property)
    {
        var parts = path.Skip(1).Where(p => p.Length > 0).Append(property ?? "").Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? "body" : string.Join('.', parts);
    }
}
