run models/tiny-clearing.ini --set service.a-pay.tolerance_hours=30m -o gen/out
