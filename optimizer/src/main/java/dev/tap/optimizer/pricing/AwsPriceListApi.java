package dev.tap.optimizer.pricing;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/** {@link PriceListApi} over the AWS SDK: GetProducts, every page. */
public final class AwsPriceListApi implements PriceListApi {
  private static final int PAGE_SIZE = 100;
  private final PricingClient client;

  public AwsPriceListApi(PricingClient client) {
    this.client = client;
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
      GetProductsResponse page = call(request);
      products.addAll(page.priceList());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return products;
  }

  private GetProductsResponse call(GetProductsRequest request) {
    try {
      return client.getProducts(request);
    } catch (AwsServiceException e) {
      if (AwsFailures.refusedAccess(e)) {
        throw new UserError(ExitCode.AWS_ACCESS, "the AWS Price List API refused the request ("
            + e.awsErrorDetails().errorCode() + "): the identity in use needs pricing:GetProducts. "
            + "Use a profile that has it (--aws-profile) and try again.", e);
      }
      throw new UserError(ExitCode.AWS_ACCESS, "the AWS Price List API failed for " + request.serviceCode()
          + " (" + e.awsErrorDetails().errorCode() + ", HTTP " + e.statusCode() + "): "
          + e.awsErrorDetails().errorMessage() + ". Nothing was written; try again later.", e);
    } catch (SdkClientException e) {
      throw new UserError(ExitCode.AWS_ACCESS, AwsFailures.clientProblem("the AWS Price List API", e), e);
    }
  }
}
