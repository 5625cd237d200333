using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

/// <summary>What the exam and check-in benchmarks share: signing in as a person, JSON calls with their cookie, plain SQL.</summary>
internal static class BenchClient
{
    public const string Password = "Bench#2026x";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    /// <summary>Signs in through the real login form and returns the cookie header of the session.</summary>
    public static async Task<string> SignInAsync(Uri baseUri, string userName)
    {
        var jar = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = baseUri };
        var login = await client.GetStringAsync("/Account/Login");
        var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = userName, ["Password"] = Password, ["__RequestVerificationToken"] = token });
        using var response = await client.PostAsync("/Account/Login", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in of {userName} failed: {(int)response.StatusCode}");
        }

        return jar.GetCookieHeader(baseUri);
    }

    public static async Task CreateUserAsync(HttpClient http, string admin, NpgsqlDataSource data, string userName, string[] roles, bool scopeAll, Guid? employeeId)
    {
        await PostIdAsync(http, admin, "/api/v1/users", new { userName, displayName = userName, password = Password, roles, employeeId, scopeAll, scopeOrgUnitIds = Array.Empty<Guid>() });
        await ExecuteAsync(data, $"UPDATE auth.app_user SET must_change_password = false WHERE user_name = '{userName}'");
    }

    /// <summary>
    /// A call as the person whose cookie it is; each simulated phone is its own device (as the check-in page's device cookie
    /// would make it) with its own browser, as phones of different people are.
    /// </summary>
    public static async Task<HttpResponseMessage> SendRawAsync(HttpClient http, string cookie, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("X-Device-Id", DeviceOf(cookie));
        request.Headers.TryAddWithoutValidation("User-Agent", "SkillgateBench/" + DeviceOf(cookie));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The device id of the simulated phone whose user holds this cookie.</summary>
    public static string DeviceOf(string cookie) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(cookie)))[..16];

    public static async Task<string> SendAsync(HttpClient http, string cookie, HttpMethod method, string url, object? body)
    {
        using var response = await SendRawAsync(http, cookie, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {url} → {(int)response.StatusCode}: {text}");
        }

        return text;
    }

    public static async Task<Guid> PostIdAsync(HttpClient http, string cookie, string url, object body) =>
        JsonSerializer.Deserialize<JsonElement>(await SendAsync(http, cookie, HttpMethod.Post, url, body)).GetProperty("id").GetGuid();

    public static async Task<T> GetAsync<T>(HttpClient http, string cookie, string url) =>
        JsonSerializer.Deserialize<T>(await SendAsync(http, cookie, HttpMethod.Get, url, null), Json)!;

    public static async Task ExecuteAsync(NpgsqlDataSource data, string sql)
    {
        await using var cmd = data.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource data, string sql)
    {
        await using var cmd = data.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<List<string>> ListAsync(NpgsqlDataSource data, string sql)
    {
        var result = new List<string>();
        await using var cmd = data.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>The server time of a response, from its Server-Timing header (null when it has none).</summary>
    public static double? ServerMs(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Server-Timing", out var timing) ? ServerMs(string.Join(",", timing)) : null;

    private static readonly System.Buffers.SearchValues<char> Number = System.Buffers.SearchValues.Create("0123456789.");

    /// <summary>The "dur=" of a Server-Timing header's value (null when it has none); parsed without a regex, as the load generator shares the app's cores.</summary>
    public static double? ServerMs(string? serverTiming)
    {
        var at = serverTiming?.IndexOf("dur=", StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        var value = serverTiming.AsSpan(at + 4);
        var end = value.IndexOfAnyExcept(Number);
        return double.TryParse(end < 0 ? value : value[..end], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
