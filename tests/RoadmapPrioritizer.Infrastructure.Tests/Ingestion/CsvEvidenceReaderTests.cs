using System.Text;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class CsvEvidenceReaderTests
{
    private const string SurveyHeader = "external_id,survey_type,submitted_at,reason,text,score,order_value,customer,page";

    [Fact]
    public void Every_documented_survey_column_is_read()
    {
        var responses = ReadSurveys($"""
            {SurveyHeader}
            r1,ExitIntent,2026-11-02T14:30:00Z,Shipping cost too high,Postage doubles the price,,24.50,Ann@Example.com ,/cart
            """, out var reader);

        reader.Errors.Should().BeEmpty();
        var r = responses.Should().ContainSingle().Subject;
        r.ExternalId.Should().Be("r1");
        r.SurveyType.Should().Be(SurveyType.ExitIntent);
        r.SubmittedAt.Should().Be(new DateTime(2026, 11, 2, 14, 30, 0, DateTimeKind.Utc));
        r.Reason.Should().Be("Shipping cost too high");
        r.Text.Should().Be("Postage doubles the price");
        r.Score.Should().BeNull();
        r.OrderValueMinor.Should().Be(2450);
        r.Currency.Should().Be("USD", "the file has no currency column and none was chosen");
        r.CustomerHash.Should().Be(CustomerHash.Of("ann@example.com")).And.NotContain("@");
        r.Page.Should().Be("/cart");
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_later_lines_keep_their_numbers()
    {
        var responses = ReadSurveys($"""
            {SurveyHeader}
            r1,NPS,2026-11-02,"Price, mostly","She said ""lovely""
            but pricey",6,,,
            r2,NPS,not-a-date,,,7,,,
            """, out var reader);

        responses.Should().ContainSingle().Which.Text.Should().Be("She said \"lovely\"\nbut pricey");
        responses[0].Reason.Should().Be("Price, mostly");
        reader.Errors.Should().ContainSingle().Which.Should().Be(new ImportLineError(4, "submitted_at", "'not-a-date' is not a date and time in ISO 8601 (e.g. 2026-11-02T14:30:00Z)."));
    }

    [Fact]
    public void Bad_lines_are_rejected_with_line_number_and_field_and_good_lines_are_kept()
    {
        var responses = ReadSurveys($"""
            {SurveyHeader}
            ok1,NPS,2026-11-02T10:00:00Z,,,9,,,
            bad1,NPS,2026-11-02T10:00:00Z,,,11,,,
            bad2,Poll,2026-11-02T10:00:00Z,,,,,,
            bad3,NPS,2026-11-02T10:00:00Z
            bad4,NPS,2026-11-02T10:00:00Z,,,,12.345,,
            ok2,FeatureRequest,2026-11-03T10:00:00+02:00,Gift wrapping,,,,,
            """, out var reader);

        responses.Select(r => r.ExternalId).Should().Equal("ok1", "ok2");
        responses[1].SubmittedAt.Should().Be(new DateTime(2026, 11, 3, 8, 0, 0, DateTimeKind.Utc), "an offset is converted to UTC");
        reader.Rejected.Should().Be(4);
        reader.Errors.Select(e => (e.Line, e.Field)).Should().Equal((3, "score"), (4, "survey_type"), (5, ""), (6, "order_value"));
        reader.Errors[0].Message.Should().Be("An NPS score is a whole number from 0 to 10.");
        reader.Errors[2].Message.Should().Be("Line has 3 fields; the header has 9.");
    }

    [Fact]
    public void A_file_without_the_needed_columns_names_what_is_missing_and_what_was_found()
    {
        var act = () => ReadSurveys("name,comment\nAnn,Lovely", out _);

        act.Should().Throw<CsvFileException>().WithMessage("No usable header*Missing submitted_at*Found: name, comment.");
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var act = () => ReadSurveys("", out _);

        act.Should().Throw<CsvFileException>().WithMessage("The file is empty*");
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_refused_naming_the_line()
    {
        var latin1 = Encoding.Latin1.GetBytes($"{SurveyHeader}\nr1,NPS,2026-11-02,Café crème,,9,,,\n");
        using var reader = CsvEvidenceReader.Open(new MemoryStream(latin1), new ImportOptions { Kind = ImportKind.SurveyResponses });

        var act = () => reader.SurveyResponses().ToList();

        act.Should().Throw<CsvFileException>().WithMessage("Line 2: the file is not UTF-8 text*");
    }

    [Fact]
    public void UTF8_and_UTF16_files_with_a_byte_order_mark_are_read()
    {
        var text = $"{SurveyHeader}\nr1,NPS,2026-11-02,Café,,9,,,\n";
        foreach (var encoding in new Encoding[] { new UTF8Encoding(true), Encoding.Unicode })
        {
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
            using var reader = CsvEvidenceReader.Open(new MemoryStream(bytes), new ImportOptions { Kind = ImportKind.SurveyResponses });

            reader.SurveyResponses().Should().ContainSingle().Which.Reason.Should().Be("Café");
        }
    }

    [Fact]
    public void A_runaway_field_fails_the_file_and_an_overlong_answer_only_its_line()
    {
        var overlong = new string('a', SurveyResponse.TextMaxLength + 1);
        var responses = ReadSurveys($"{SurveyHeader}\nr1,NPS,2026-11-02,,{overlong},9,,,\nr2,NPS,2026-11-02,,short,9,,,", out var reader);
        responses.Select(r => r.ExternalId).Should().Equal("r2");
        reader.Errors.Should().ContainSingle().Which.Message.Should().Be("Text is 10,001 characters; at most 10,000 are kept.");

        var runaway = $"{SurveyHeader}\nr1,NPS,2026-11-02,,\"{new string('x', CsvEvidenceReader.MaxFieldLength + 1)}";
        var act = () => ReadSurveys(runaway, out _);
        act.Should().Throw<CsvFileException>().WithMessage("Line 2: a field runs past 1,000,000 characters*");
    }

    [Fact]
    public void Exports_with_their_own_headers_and_date_format_are_mapped_by_alias()
    {
        // The header of the NPS verbatims data set in ../shared/data (UK dates, no response id).
        var responses = ReadSurveys(
            """
            "CUSTOMER_RESPONSE_DATE","SURVEY_SUB_TYPE","NPS_RATING","NPS_SCORE","text","Qtr"
            "11/04/2018 20:09","Order","Passive",7,"The process was good","other"
            """,
            out var reader,
            new ImportOptions { Kind = ImportKind.SurveyResponses, DateFormat = "dd/MM/yyyy HH:mm", SurveyType = SurveyType.NPS });

        reader.Mapping.Should().Contain(new Dictionary<string, string> { ["submitted_at"] = "CUSTOMER_RESPONSE_DATE", ["score"] = "NPS_SCORE", ["text"] = "text", ["page"] = "SURVEY_SUB_TYPE" });
        var r = responses.Should().ContainSingle().Subject;
        r.SubmittedAt.Should().Be(new DateTime(2018, 4, 11, 20, 9, 0, DateTimeKind.Utc));
        r.Score.Should().Be(7);
        r.SurveyType.Should().Be(SurveyType.NPS);
        r.ExternalId.Should().StartWith("sha256:", "a file without ids gets ids from content, so a second upload is recognised");
    }

    [Fact]
    public void The_same_content_gets_the_same_id_and_different_content_a_different_one()
    {
        var responses = ReadSurveys(
            "submitted_at,survey_type,text\n2026-11-02,NPS,same\n2026-11-02,NPS,same\n2026-11-02,NPS,other",
            out _);

        responses[0].ExternalId.Should().Be(responses[1].ExternalId).And.NotBe(responses[2].ExternalId);
    }

    [Fact]
    public void Line_item_orders_are_summed_per_invoice_and_cancellations_rejected()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Ingestion", "Data", "uci_online_retail_excerpt.csv");
        using var reader = CsvEvidenceReader.Open(File.OpenRead(path), new ImportOptions { Kind = ImportKind.Orders, Currency = "GBP" });

        var orders = reader.Orders();

        // 536365: 6×2.55 + 6×3.39 + 8×2.75 + 6×3.39 + 6×3.39 + 2×7.65 + 6×4.25 = 139.12 over 40 items;
        // 536366: 6×1.85 + 6×1.85 = 22.20 over 12; 536367: 32×1.69 + 6×2.1 + 6×2.1 + 8×3.75 + 6×1.65 + 6×4.25 + 3×4.95 = 159.53 over 67.
        orders.Select(o => (o.ExternalId, o.TotalMinor, o.ItemCount, o.Currency)).Should().Equal(
            ("536365", 13912L, 40, "GBP"), ("536366", 2220L, 12, "GBP"), ("536367", 15953L, 67, "GBP"));
        orders[0].CreatedAt.Should().Be(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc));
        orders[0].CustomerHash.Should().Be(CustomerHash.Of("17850.0"));
        reader.Errors.Should().ContainSingle().Which.Should().Be(new ImportLineError(18, "items", "A cancellation (negative quantity or an id starting with C) is not an order."));
    }

    [Fact]
    public void Funnel_days_read_compact_dates_and_decimal_revenue_and_refuse_a_repeated_day()
    {
        using var reader = Open(
            """
            date,sessions,product_views,add_to_cart,checkout_started,checkout_completed,revenue,currency,segment
            20261101,1200,800,120,60,30,1534.50,GBP,
            2026-11-01,400,250,40,20,10,500,GBP,mobile
            2026-11-01,1,1,1,1,1,1,GBP,
            2026-11-02,12.5,0,0,0,0,0,GBP,
            """,
            ImportKind.FunnelDaily);

        var days = reader.FunnelDays();

        days.Select(d => (d.Date, d.Segment, d.Sessions, d.CheckoutCompleted, d.RevenueMinor)).Should().Equal(
            (new DateOnly(2026, 11, 1), "", 1200L, 30L, 153450L), (new DateOnly(2026, 11, 1), "mobile", 400L, 10L, 50000L));
        reader.Errors.Select(e => (e.Line, e.Field)).Should().Equal((4, "date"), (5, "sessions"));
        reader.Errors[0].Message.Should().Be("2026-11-01 is already on line 2; each day and segment once per file.");
    }

    [Fact]
    public void A_mapping_chosen_by_the_user_beats_the_automatic_match()
    {
        var options = new ImportOptions
        {
            Kind = ImportKind.SurveyResponses,
            SurveyType = SurveyType.ExitIntent,
            Mapping = new Dictionary<string, string> { ["reason"] = "Why did you leave?", ["text"] = "Comment" },
        };
        var responses = ReadSurveys("Date,Why did you leave?,Comment,Answer\n2026-11-02,Shipping,Too dear,ignored", out _, options);

        responses.Should().ContainSingle().Which.Reason.Should().Be("Shipping");
        responses[0].Text.Should().Be("Too dear");
    }

    private static CsvEvidenceReader Open(string csv, ImportKind kind, ImportOptions? options = null) =>
        CsvEvidenceReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)), options ?? new ImportOptions { Kind = kind });

    private static List<SurveyResponse> ReadSurveys(string csv, out CsvEvidenceReader reader, ImportOptions? options = null)
    {
        reader = Open(csv, ImportKind.SurveyResponses, options);
        return reader.SurveyResponses().ToList();
    }
}
