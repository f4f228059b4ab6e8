package dev.tap.optimizer.aws;

import dev.tap.optimizer.pricing.PriceListApi;
import dev.tap.optimizer.pricing.ProductFilter;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/** {@link PriceListApi} over the AWS SDK: GetProducts, every page; failures become {@link AwsClients#call} errors. */
public final class AwsPriceListApi implements PriceListApi {
  private static final int PAGE_SIZE = 100;
  private final AwsClients aws;

  public AwsPriceListApi(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<String> products(String serviceCode, List<ProductFilter> filters) {
    List<Filter> sdkFilters = filters.stream()
        .map(f -> Filter.builder()
            .field(f.field())
            .value(f.value())
            .type(f.match() == ProductFilter.Match.CONTAINS ? FilterType.CONTAINS : FilterType.TERM_MATCH)
            .build())
        .toList();
    List<String> products = new ArrayList<>();
    String token = null;
    do {
      GetProductsRequest request = GetProductsRequest.builder()
          .serviceCode(serviceCode).filters(sdkFilters).formatVersion("aws_v1").maxResults(PAGE_SIZE)
          .nextToken(token).build();
      GetProductsResponse page = aws.call("pricing:GetProducts", AwsClients.BILLING_REGION, () -> aws.priceList().getProducts(request));
      products.addAll(page.priceList());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return products;
  }
}
