using Dapper;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.BrowserTests;

/// <summary>
/// Every demo role, in Chinese and in English: every page it reaches answers 200, without a validation banner, console
/// error, GUID or framework English on a Chinese page; every paged list reaches its next page; and every page visited
/// has no serious accessibility violation (checked once per page and language, whichever demo visits it first: the pages
/// are the same views).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrawlTests(BrowserApp app, ITestOutputHelper output)
{
    private static readonly HashSet<string> AxeChecked = new(StringComparer.OrdinalIgnoreCase);

    public static TheoryData<string> Roles => ["admin", "hr", "qa", "production", "weldhead", "instructor", "employee", "sales", "director"];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_page_a_role_reaches_works_in_both_languages(string user) =>
        (await CrawlAsync(app, user, output, null)).Should().BeEmpty();

    /// <summary>Crawls as the role in Chinese, then in English (its language saved and restored), and returns what was wrong.</summary>
    internal static async Task<List<string>> CrawlAsync(DemoBrowserApp app, string user, ITestOutputHelper output, Func<IPage, Task<IReadOnlyList<string>>>? forbidden)
    {
        var dataSource = app.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        var savedLanguage = await connection.ExecuteScalarAsync<string?>("SELECT language FROM auth.app_user WHERE user_name = @user", new { user });
        var problems = new List<string>();
        try
        {
            foreach (var language in new[] { "zh-CN", "en" })
            {
                var page = await app.NewPageAsync(language);
                await connection.ExecuteAsync("UPDATE auth.app_user SET language = @language WHERE user_name = @user", new { language, user });
                await DemoBrowserApp.LoginAsync(page, user);
                var crawler = new Crawler(page, language, path => AxeChecked.Add(language + " " + path), forbidden);
                await crawler.CrawlAsync();
                output.WriteLine($"{user} [{language}]: {crawler.PagesVisited} pages, {crawler.PagersFollowed} pagers followed, {crawler.Reloads} reloaded before settling");
                problems.AddRange(crawler.Problems);
                await page.Context.CloseAsync();
            }
        }
        finally
        {
            await connection.ExecuteAsync("UPDATE auth.app_user SET language = @savedLanguage WHERE user_name = @user", new { savedLanguage, user });
        }

        return problems;
    }
}
