using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.BrowserTests;

/// <summary>
/// The demo hospital's crawl (issue 25): every page each of its roles reaches, in Chinese and in English, works as the plant's
/// do — and says none of the manufacturing words anywhere on it (title, header, body, list options), data included.
/// </summary>
[Collection(HospitalBrowserCollection.Name)]
public sealed class HospitalCrawlTests(HospitalBrowserApp app, ITestOutputHelper output)
{
    /// <summary>
    /// The roles whose pages differ (the administrator reaches nearly every page): the instructor's and the director's are the same
    /// views as HR's and the head nurse's, left out to keep the suite's time in bounds.
    /// </summary>
    public static TheoryData<string> Roles => ["admin", "hr", "qa", "chief", "headnurse", "employee"];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_page_a_hospital_role_reaches_works_and_says_no_manufacturing_word(string user) =>
        (await CrawlTests.CrawlAsync(app, user, output, HospitalWords.OnPageAsync)).Should().BeEmpty();
}
